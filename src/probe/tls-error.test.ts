import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeTlsError } from './tls-error.js';

const RAW =
  '804C4F64AB7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

describe('describeTlsError', () => {
  it('words an OpenSSL error without its queue address, code and source path', () => {
    const error = Object.assign(new Error(RAW), {
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      reason: 'wrong version number',
    });
    const text = describeTlsError(error);
    assert.equal(
      text,
      'the server did not answer with TLS (it may have sent plain text) (wrong version number)',
    );
    assert.doesNotMatch(text, /804C4F64|ssl3_record\.c|0A00010B/);
  });

  it('keeps the reason phrase of an unexplained code, from the field or the queue text', () => {
    assert.equal(
      describeTlsError(Object.assign(new Error(RAW), { code: 'ERR_SSL_X' })),
      'wrong version number',
    );
    assert.equal(describeTlsError(new Error('socket hang up')), 'socket hang up');
  });
});
