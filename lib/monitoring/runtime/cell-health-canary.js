
const synthetics = require('Synthetics');
exports.handler = async () => {
  await synthetics.executeHttpStep('health', { hostname: '{{host}}', method: 'GET', path: '/health', port: 443, protocol: 'https:' });
};
