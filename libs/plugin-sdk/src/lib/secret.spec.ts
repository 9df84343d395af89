import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { Secret, secretFields, secretPaths } from './secret';

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

describe('secretPaths', () => {
  class Smtp {
    @IsString() host = '';
    @Secret() @IsString() password = '';
  }
  class Mailbox {
    @Secret() @IsString() apiKey = '';
    @ValidateNested() @Type(() => Smtp) smtp: Smtp = new Smtp();
  }

  it('includes the secrets of nested config classes as dotted paths', () => {
    expect(secretPaths(Mailbox)).toEqual(['apiKey', 'smtp.password']);
    expect(secretFields(Mailbox)).toEqual(['apiKey']);
  });
});
