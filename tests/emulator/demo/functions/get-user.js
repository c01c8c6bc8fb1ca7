'use strict';
// GET /users/{id} behind an API Gateway proxy integration.
// Twin of the "get-user" behaviour in slemu/services/lambda_.py.

const USERS = {
  'u-123': { id: 'u-123', name: 'Ada Lovelace', email: 'ada@example.com' },
  'u-42': { id: 'u-42', name: 'Alan Turing', email: 'alan@example.com' },
};

function json(statusCode, body) {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

exports.handler = async (event) => {
  const id = event.pathParameters.id;
  console.log(`fetching user ${id}`);
  if (id === 'u-404') {
    console.warn(`user ${id} not found`);
    return json(404, { message: `user ${id} not found` });
  }
  const user = id === 'boom' ? undefined : (USERS[id] || { id, name: `User ${id}`, email: `${id}@example.com` });
  return json(200, { id: user.id, name: user.name, email: user.email });
};
