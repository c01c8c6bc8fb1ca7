'use strict';
// The nightly report: always runs past its timeout.
// Twin of the "timeout" behaviour in slemu/services/lambda_.py.

exports.handler = async (event, context) => {
  console.log('building nightly report');
  await new Promise((resolve) => setTimeout(resolve, context.getRemainingTimeInMillis() + 1000));
  console.log('report done');
  return { status: 'done' };
};
