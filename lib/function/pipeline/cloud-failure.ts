import { CloudCallError } from '../tencent/cloud-error';

export const isCloudError = (e: unknown): e is CloudCallError => e instanceof CloudCallError;
