import ts from 'typescript';

/** What the sources raise: each domain error code with the files that write it, and what hides one. */
export interface RaisedErrorCodes {
  codes: Map<string, string[]>;
  problems: Array<{ file: string; problem: string }>;
}

const ERROR_CLASSES = new Set(['DomainError', 'DomainErrors']);
/** Where DomainError and DomainErrors are declared (they extend each other there). */
const DECLARED_IN = 'libs/shared-kernel/domain-error.ts';

/**
 * Every code of a `new DomainError(…)` or `new DomainErrors(…)` in the sources (spec files aside): the
 * idiom of every context (`<Context>Errors` in `<context>.errors.ts`) writes each code out there. A code
 * that is not a literal, or a class extending DomainError, would raise codes this cannot see: both are
 * reported as problems.
 */
export function raisedErrorCodes(files: Map<string, string>): RaisedErrorCodes {
  const codes = new Map<string, string[]>();
  const problems: RaisedErrorCodes['problems'] = [];
  for (const [file, text] of files) {
    if (file.endsWith('.spec.ts')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ERROR_CLASSES.has(node.expression.text)) {
        const code = node.arguments?.[0];
        if (code && ts.isStringLiteralLike(code)) codes.set(code.text, [...(codes.get(code.text) ?? []), file]);
        else problems.push({ file, problem: `new ${node.expression.text}(${code?.getText(source) ?? ''}, …): write the code out as a string literal` });
      }
      if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && file !== DECLARED_IN) {
        for (const clause of node.heritageClauses ?? []) {
          for (const type of clause.types) {
            if (ts.isIdentifier(type.expression) && ERROR_CLASSES.has(type.expression.text)) {
              problems.push({ file, problem: `class ${node.name?.text ?? '(anonymous)'} extends ${type.expression.text}: add a factory to the context's <Context>Errors instead` });
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { codes, problems };
}
