import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSesNotification } from './ses-json.js';

test('SES bounce inside an SNS envelope, with a folded line', () => {
  const message = JSON.stringify({
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'OnAccountSuppressionList',
      bouncedRecipients: [
        {
          emailAddress: 'a@example.net',
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
      reportingMTA: 'dsn; a1.example.com',
    },
  });
  const envelope = JSON.stringify({ Type: 'Notification', Message: message }, null, 2);
  const folded = `${envelope.slice(0, 120)}\n ${envelope.slice(120)}`;
  const n = parseSesNotification(folded);
  assert.equal(n?.type, 'bounce');
  assert.equal(n?.reportingMta, 'a1.example.com');
  assert.deepEqual(n?.recipients[0], {
    address: 'a@example.net',
    action: 'failed',
    status: '5.1.1',
    diagnostic: '550 5.1.1 user unknown',
    suppressed: true,
    subtype: 'OnAccountSuppressionList',
  });
});

test('complaints carry the feedback type; junk gives null', () => {
  const n = parseSesNotification(
    JSON.stringify({
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'b@example.net' }],
        complaintFeedbackType: 'abuse',
      },
    }),
  );
  assert.equal(n?.type, 'complaint');
  assert.equal(n?.feedbackType, 'abuse');
  assert.equal(parseSesNotification('{"notificationType": broken'), null);
  assert.equal(parseSesNotification('no json here'), null);
});
