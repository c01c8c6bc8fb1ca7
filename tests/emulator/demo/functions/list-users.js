'use strict';
// GET /users behind an API Gateway proxy integration: a JSON list.
// Twin of the "list-users" behaviour in slemu/services/lambda_.py.

const USERS = [
  { id: 'u-123', name: 'Ada Lovelace', email: 'ada@example.com' },
  { id: 'u-42', name: 'Alan Turing', email: 'alan@example.com' },
  { id: 'u-7', name: 'Grace Hopper', email: 'grace@example.com' },
];

exports.handler = async (event) => {
  const qs = (event && event.queryStringParameters) || {};
  let limit = parseInt(qs.limit, 10);
  if (!(limit > 0)) limit = USERS.length;
  const users = USERS.slice(0, limit);
  if ((process.env.LOG_LEVEL || 'info') !== 'warn') {
    console.log(`listing ${users.length} users`);
  }
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(users) };
};
