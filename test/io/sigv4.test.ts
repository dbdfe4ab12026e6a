import { describe, expect, it } from 'vitest';
import { EMPTY_SHA256, signV4 } from '../../src/io/sigv4.js';

describe('signV4', () => {
  // AWS S3 API reference, "Signature Calculations for the Authorization Header", Example: GET Object
  it('reproduces the published S3 GET Object example', () => {
    const headers = signV4({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      // given out of order and in mixed case: the signer must lower-case and sort them
      headers: { 'x-amz-content-sha256': EMPTY_SHA256, Range: 'bytes=0-9' },
      region: 'us-east-1',
      service: 's3',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      date: new Date('2013-05-24T00:00:00Z'),
    });
    expect(headers).toEqual({
      'x-amz-date': '20130524T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    });
  });

  // AWS SigV4 test suite, get-vanilla-query-order-key-case: query parameters are sorted
  it('reproduces the SigV4 test suite case with unsorted query parameters', () => {
    const headers = signV4({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/?Param2=value2&Param1=value1'),
      headers: {},
      region: 'us-east-1',
      service: 'service',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      date: new Date('2015-08-30T12:36:00Z'),
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'.replace(/, /g, ','),
    );
  });

  it('signs and sends the session token of temporary credentials', () => {
    const headers = signV4({
      method: 'GET',
      url: new URL('https://b.s3.amazonaws.com/k'),
      headers: {},
      region: 'eu-west-1',
      service: 's3',
      credentials: { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'TOKEN' },
      date: new Date('2020-01-01T00:00:00Z'),
    });
    expect(headers['x-amz-security-token']).toBe('TOKEN');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
