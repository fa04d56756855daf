import { describe, expect, it } from 'vitest';
import { parseSlackForm, parseSlackText, slackReply, slackUsage } from '../../../lib/function/http/slack-command';
import { AppError } from '../../../lib/function/kernel/errors';

// The slash-command body of Slack's request-signing example, with a command text added.
const FORM =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Freset' +
  '&text=ein-aaaaaaaa+dry-run+--+disk+full' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

function expectInvalid(result: unknown, message: RegExp): AppError {
  expect(result).toBeInstanceOf(AppError);
  const error = result as AppError;
  expect(error.code).toBe('Request.Invalid');
  expect(error.message).toMatch(message);
  return error;
}

describe('parseSlackForm', () => {
  it('returns the slash-command fields of a form body', () => {
    expect(parseSlackForm(FORM)).toEqual({
      user_id: 'U2CERLKJA',
      user_name: 'roadrunner',
      channel_id: 'G8PSS9T3V',
      team_id: 'T1DC2JH3J',
      command: '/reset',
      text: 'ein-aaaaaaaa dry-run -- disk full',
      response_url: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    });
  });

  it("drops fields it does not use, Slack's verification token included", () => {
    expect(parseSlackForm(FORM)).not.toHaveProperty('token');
  });

  it('treats a missing text as an empty command', () => {
    expect(parseSlackForm(FORM.replace('&text=ein-aaaaaaaa+dry-run+--+disk+full', ''))).toMatchObject({ text: '' });
  });

  it('rejects a form without user_id, naming the field', () => {
    const error = expectInvalid(parseSlackForm(FORM.replace('user_id=U2CERLKJA&', '')), /slash command/);
    expect(error.issues.map((issue) => issue.path)).toEqual(['user_id']);
  });

  it('rejects a form with an empty channel_id', () => {
    const error = expectInvalid(parseSlackForm(FORM.replace('channel_id=G8PSS9T3V', 'channel_id=')), /slash command/);
    expect(error.issues.map((issue) => issue.path)).toEqual(['channel_id']);
  });

  it('rejects a body that is not a form at all', () => {
    expectInvalid(parseSlackForm('{"user_id":"U1"}'), /slash command/);
  });
});

describe('parseSlackText', () => {
  it('turns ids, options and the reason into a POST /reset body', () => {
    expect(parseSlackText('ein-aaaaaaaa ein-bbbbbbbb image=img-cccccccc keep-data=false -- reason words')).toEqual({
      payload: {
        instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb'],
        imageId: 'img-cccccccc',
        keepData: false,
        reason: 'reason words',
      },
    });
  });

  it('accepts commas between ids', () => {
    expect(parseSlackText('ein-aaaaaaaa,ein-bbbbbbbb, ein-cccccccc -- x')).toEqual({
      payload: { instanceIds: ['ein-aaaaaaaa', 'ein-bbbbbbbb', 'ein-cccccccc'], reason: 'x' },
    });
  });

  it('reads a bare dry-run as true and dry-run=false as false', () => {
    expect(parseSlackText('ein-aaaaaaaa dry-run -- x')).toMatchObject({ payload: { dryRun: true } });
    expect(parseSlackText('ein-aaaaaaaa dry-run=false -- x')).toMatchObject({ payload: { dryRun: false } });
  });

  it('reads keep-image-login and keep-data=true', () => {
    expect(parseSlackText('ein-aaaaaaaa keep-image-login=true keep-data=TRUE -- x')).toMatchObject({
      payload: { keepImageLogin: true, keepData: true },
    });
  });

  it('keeps everything after the first -- as the reason, dashes included', () => {
    expect(parseSlackText('ein-aaaaaaaa --  disk full -- again, image=img-x  ')).toMatchObject({
      payload: { instanceIds: ['ein-aaaaaaaa'], reason: 'disk full -- again, image=img-x' },
    });
  });

  it('accepts the em dash a Slack client substitutes for --', () => {
    expect(parseSlackText('ein-aaaaaaaa \u2014 disk full')).toMatchObject({ payload: { reason: 'disk full' } });
  });

  it('leaves out options that were not given', () => {
    expect(parseSlackText('ein-aaaaaaaa -- x')).toEqual({ payload: { instanceIds: ['ein-aaaaaaaa'], reason: 'x' } });
  });

  it.each(['', '   ', 'help', 'HELP'])('answers %j with the usage text', (text) => {
    const error = expectInvalid(parseSlackText(text), /^Usage: \/reset ein-/);
    expect(error.message).toBe(slackUsage());
  });

  it('uses the actual command name in the usage text', () => {
    expectInvalid(parseSlackText('help', '/ecm-reset'), /^Usage: \/ecm-reset /);
  });

  it('asks for a reason when there is no --', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa image=img-cccccccc'), /add a reason after --/i);
  });

  it('asks for a reason when nothing follows --', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa --'), /add a reason after --/i);
    expectInvalid(parseSlackText('ein-aaaaaaaa --   '), /add a reason after --/i);
  });

  it('does not take a -- glued to a word as the separator', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa --reason disk'), /add a reason after --/i);
  });

  it('rejects an unknown option, naming it', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa force=true -- x'), /unknown option "force"/i);
  });

  it('rejects a token that is neither an id nor an option, naming it', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa web-1 -- x'), /"web-1" is neither an instance id/);
  });

  it('shortens a long stray token in the message', () => {
    const error = expectInvalid(parseSlackText(`ein-aaaaaaaa ${'x'.repeat(500)} -- x`), /neither an instance id/);
    expect(error.message.length).toBeLessThan(200);
  });

  it('rejects a boolean option without true or false', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa keep-data -- x'), /keep-data takes true or false/);
    expectInvalid(parseSlackText('ein-aaaaaaaa keep-data=no -- x'), /keep-data takes true or false/);
    expectInvalid(parseSlackText('ein-aaaaaaaa dry-run=yes -- x'), /dry-run takes true or false/);
  });

  it('rejects image without a value', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa image= -- x'), /image needs a value/);
  });

  it('rejects an option given twice', () => {
    expectInvalid(parseSlackText('ein-aaaaaaaa keep-data=true keep-data=false -- x'), /keep-data is given twice/);
  });

  it('asks for an instance id when only options were given', () => {
    expectInvalid(parseSlackText('dry-run -- x'), /at least one instance id/);
    expectInvalid(parseSlackText('-- x'), /at least one instance id/);
  });

  it('passes a malformed ein- id through for the request schema to judge', () => {
    expect(parseSlackText('ein-NOPE -- x')).toMatchObject({ payload: { instanceIds: ['ein-NOPE'] } });
  });
});

describe('slackReply', () => {
  it('answers 200 with an ephemeral message by default', () => {
    const response = slackReply('Done');
    expect(response.statusCode).toBe(200);
    expect(response.headers['Content-Type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual({ response_type: 'ephemeral', text: 'Done' });
  });

  it('posts in the channel when asked', () => {
    expect(JSON.parse(slackReply('Done', { inChannel: true }).body)).toMatchObject({ response_type: 'in_channel' });
  });

  it('escapes &, < and > so echoed input cannot become a mention or a link', () => {
    expect(JSON.parse(slackReply('bad "<!channel>" & more').body)).toMatchObject({
      text: 'bad "&lt;!channel&gt;" &amp; more',
    });
  });
});
