'use strict';
// POST /users behind an API Gateway proxy integration.
// Twin of the "create-user" behaviour in slemu/services/lambda_.py.
const crypto = require('crypto');

function json(statusCode, body) {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

exports.handler = async (event) => {
  let input;
  try {
    input = JSON.parse(event.body || '{}');
  } catch (e) {
    console.warn('request body is not valid JSON');
    return json(400, { message: 'request body is not valid JSON' });
  }
  if (!input || typeof input.email !== 'string' || input.email === '') {
    console.warn('rejected: email is required');
    return json(400, { message: 'email is required' });
  }
  const userId = 'u-' + crypto.createHash('sha256').update(input.email).digest('hex').slice(0, 8);
  const name = typeof input.name === 'string' && input.name !== '' ? input.name : input.email.split('@')[0];
  console.log(JSON.stringify({ level: 'info', msg: 'user created', userId }));
  return json(201, { id: userId, name, email: input.email });
};
