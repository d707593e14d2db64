import { ConfigError, readConfig } from './config.ts';

describe('readConfig: emulators already running (DYNAMODB_ENDPOINT, MESSAGING_ENDPOINT)', () => {
  it('starts its own emulators when neither is set, or when one is set empty', () => {
    const options = readConfig({ DYNAMODB_ENDPOINT: ' ' });

    expect(options.dynamodbEndpoint).toBeUndefined();
    expect(options.messagingEndpoint).toBeUndefined();
  });

  it('takes an http(s) URL and keeps its origin, without a trailing slash', () => {
    const options = readConfig({
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8001/',
      MESSAGING_ENDPOINT: ' https://LocalStack.example:4566 ',
    });

    expect(options.dynamodbEndpoint).toBe('http://127.0.0.1:8001');
    expect(options.messagingEndpoint).toBe('https://localstack.example:4566');
  });

  it.each([
    ['DYNAMODB_ENDPOINT', 'localhost:8000'],
    ['DYNAMODB_ENDPOINT', '127.0.0.1:8000'],
    ['DYNAMODB_ENDPOINT', 'ftp://127.0.0.1:8000'],
    ['MESSAGING_ENDPOINT', 'http://localhost:4566/sqs'],
    ['MESSAGING_ENDPOINT', 'http://user:secret@localhost:4566'],
    ['MESSAGING_ENDPOINT', 'http://localhost:4566?region=us-east-1'],
    ['MESSAGING_ENDPOINT', 'not a url'],
  ])('refuses %s=%s with a message naming the variable and the value', (name, value) => {
    const read = () => readConfig({ [name]: value });

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`${name} must be the URL of a running emulator`);
    expect(read).toThrow(`got "${value.replace('secret', '***')}"`);
  });
});
