import { Secret, secretFields } from './secret';

class ExampleConfig {
  accountSid = '';
  @Secret()
  authToken = '';
  @Secret()
  signingKey = '';
}

describe('@Secret', () => {
  it('lists exactly the fields marked secret', () => {
    expect(secretFields(ExampleConfig)).toEqual(['authToken', 'signingKey']);
  });

  it('lists nothing for a class without secrets', () => {
    class Plain {}
    expect(secretFields(Plain)).toEqual([]);
  });
});
