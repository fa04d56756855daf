/**
 * `form-data` for the bundle. The SDK builds a FormData only for `multipart` requests, which
 * none of the function's calls are (ECM, SSM, TDMQ and Tag actions all send JSON); dropping
 * it drops mime-types' 140 KB table. If a multipart call ever appears, it fails loudly here
 * instead of sending something unsigned or half-built.
 */
export default class FormData {
  constructor() {
    throw new Error('multipart requests are not supported by the ecm-reset bundle (form-data is not included)');
  }
}
