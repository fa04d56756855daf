import { describe, expect, it } from 'vitest';
import { cosSignature, cosUrlEncode, signCosRequest } from '../../../lib/function/tencent/cos/cos-signature';

// The worked examples of COS doc 436/7778 (English 2019 version, which prints the full values).
const secretId = 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q';
const secretKey = 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz';

describe('signCosRequest reproduces COS doc 436/7778', () => {
  it('example 1: PUT Object (upload) with a body and x-cos-* headers', () => {
    const input = {
      secretId,
      secretKey,
      method: 'PUT',
      path: '/exampleobject(腾讯云)',
      params: {},
      headers: {
        Date: 'Thu, 16 May 2019 06:45:51 GMT',
        Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
        'Content-Type': 'text/plain',
        'Content-Length': '13',
        'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
        'x-cos-acl': 'private',
        'x-cos-grant-read': 'uin="100000000011"',
      },
      startSeconds: 1557989151,
      endSeconds: 1557996351,
    };
    const httpHeaders =
      'content-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain&date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT' +
      '&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com&x-cos-acl=private&x-cos-grant-read=uin%3D%22100000000011%22';
    expect(cosSignature(input)).toEqual({
      keyTime: '1557989151;1557996351',
      signKey: 'eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f',
      urlParamList: '',
      httpParameters: '',
      headerList: 'content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read',
      httpHeaders,
      httpString: `put\n/exampleobject(腾讯云)\n\n${httpHeaders}\n`,
      httpStringSha1: '8b2751e77f43a0995d6e9eb9477f4b685cca4172',
      stringToSign: 'sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n',
      signature: '3b8851a11a569213c17ba8fa7dcf2abec6935172',
      authorization:
        'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351' +
        '&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&q-url-param-list=' +
        '&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172',
    });
  });

  it('example 2: GET Object (download) with response-* parameters', () => {
    const input = {
      secretId,
      secretKey,
      method: 'GET',
      path: '/exampleobject(腾讯云)',
      params: { 'response-content-type': 'application/octet-stream', 'response-cache-control': 'max-age=600' },
      headers: { Date: 'Thu, 16 May 2019 06:55:53 GMT', Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com' },
      startSeconds: 1557989753,
      endSeconds: 1557996953,
    };
    const parts = cosSignature(input);
    expect(parts).toMatchObject({
      keyTime: '1557989753;1557996953',
      signKey: '937914bf490e9e8c189836aad2052e4feeb35eaf',
      urlParamList: 'response-cache-control;response-content-type',
      httpParameters: 'response-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream',
      headerList: 'date;host',
      httpHeaders: 'date=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
      httpString:
        'get\n/exampleobject(腾讯云)\nresponse-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream\n' +
        'date=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com\n',
      httpStringSha1: '54ecfe22f59d3514fdc764b87a32d8133ea611e6',
      stringToSign: 'sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n',
      signature: '01681b8c9d798a678e43b685a9f1bba0f6c0e012',
    });
    expect(signCosRequest(input)).toBe(
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953' +
        '&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012',
    );
  });

  it('lower-cases parameter keys and signs a parameter without a value as `key=` (doc examples `versionId`, `/?acl`)', () => {
    const parts = cosSignature({
      secretId,
      secretKey,
      method: 'HEAD',
      path: '/',
      params: { versionId: 'MTg0NDUxNTc1NjIzMTQ1MDAwODg', acl: '' },
      headers: {},
      startSeconds: 1,
      endSeconds: 2,
    });
    expect(parts.urlParamList).toBe('acl;versionid');
    expect(parts.httpParameters).toBe('acl=&versionid=MTg0NDUxNTc1NjIzMTQ1MDAwODg');
    expect(parts.httpString).toBe('head\n/\nacl=&versionid=MTg0NDUxNTc1NjIzMTQ1MDAwODg\n\n');
  });

  it("UrlEncode encodes everything but A-Z a-z 0-9 - _ . ~, including encodeURIComponent's !'()*", () => {
    expect(cosUrlEncode('a-_.~ !"#$%&\'()*+,/:;<=>?@[\\]^`{|}')).toBe(
      'a-_.~%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D',
    );
    expect(cosUrlEncode('腾讯云')).toBe('%E8%85%BE%E8%AE%AF%E4%BA%91');
  });
});
