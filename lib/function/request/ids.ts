import * as v from 'valibot';
import { echoJson } from '../kernel/echo';

/** ECM ids as the API shows them: `ein-` / `img-` + 8 lower-case alphanumerics. */
export const INSTANCE_ID_PATTERN = /^ein-[a-z0-9]{8}$/;
export const IMAGE_ID_PATTERN = /^img-[a-z0-9]{8}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const InstanceIdSchema = v.pipe(
  v.string('an instance id must be a string'),
  v.regex(INSTANCE_ID_PATTERN, (issue) => `${echoJson(issue.input)} is not an ECM instance id (ein- and 8 lower-case letters or digits)`),
);

export const ImageIdSchema = v.pipe(
  v.string('an image id must be a string'),
  v.regex(IMAGE_ID_PATTERN, (issue) => `${echoJson(issue.input)} is not an ECM image id (img- and 8 lower-case letters or digits)`),
);
