import { join } from 'node:path';
import { DOMAIN_ERROR_STATUS, statusOfDomainError } from '../../libs/web/http/domain-error-status';
import { projectSources } from './import-rules';
import { raisedErrorCodes } from './raised-error-codes';

const root = join(__dirname, '..', '..');

describe('the HTTP status of domain error codes', () => {
  const raised = raisedErrorCodes(projectSources(root));

  it('is written down for every code the project raises', () => {
    const missing = [...raised.codes].filter(([code]) => !Object.hasOwn(DOMAIN_ERROR_STATUS, code)).map(([code, files]) => `${code} (raised in ${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('is written down for no code that nothing raises', () => {
    expect(Object.keys(DOMAIN_ERROR_STATUS).filter((code) => !raised.codes.has(code))).toEqual([]);
  });

  it('can be found for every code: each is a literal where it is raised, never hidden in a subclass', () => {
    expect(raised.problems).toEqual([]);
  });

  it('is a client error for every code; a code missing from the table is a server error', () => {
    expect(Object.entries(DOMAIN_ERROR_STATUS).filter(([, status]) => !(status >= 400 && status < 500))).toEqual([]);
    expect(statusOfDomainError('METERING.SUBMISSION_REFUSED')).toBe(422);
    expect(statusOfDomainError('IDENTITY.NOT_CONFIRMED')).toBe(403);
    expect(statusOfDomainError('METERING.NO_SUCH_RULE')).toBe(500);
    expect(statusOfDomainError('toString')).toBe(500);
  });

  describe('the checker itself', () => {
    it('finds the codes of a factory object, a group of errors and an inline throw, and skips spec files', () => {
      const files = new Map([
        ['src/modules/x/domain/x.errors.ts', "export const XErrors = { gone: (id: string) => new DomainError('X.GONE', 'gone', { field: id }), all: (e: DomainError[]) => new DomainErrors('X.ALL', e) };"],
        ['libs/y/y.ts', "throw new DomainError(`Y.CONFLICT`, 'conflict');"],
        ['src/modules/x/domain/x.spec.ts', "new DomainError('X.ONLY_IN_A_TEST', 'test');"],
      ]);
      const { codes, problems } = raisedErrorCodes(files);
      expect([...codes.keys()]).toEqual(['X.GONE', 'X.ALL', 'Y.CONFLICT']);
      expect(problems).toEqual([]);
    });

    it('flags a code that is not written out and a class extending DomainError', () => {
      const files = new Map([
        ['src/modules/x/domain/x.errors.ts', "export const fieldError = (code: string) => new DomainError(code, 'x');\nexport class Gone extends DomainError {}"],
      ]);
      expect(raisedErrorCodes(files).problems.map((problem) => problem.problem)).toEqual([
        "new DomainError(code, …): write the code out as a string literal",
        "class Gone extends DomainError: add a factory to the context's <Context>Errors instead",
      ]);
    });
  });
});
