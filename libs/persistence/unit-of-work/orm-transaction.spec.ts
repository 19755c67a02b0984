import { ormStatement } from './orm-transaction';

describe('a plain-SQL statement for MikroORM’s Connection.execute', () => {
  it('puts a placeholder wherever a parameter is used, with its value each time', () => {
    expect(ormStatement('select $2, $1 where x = $2 and y = $10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual(['select ?, ? where x = ? and y = ?', [2, 1, 2, 10]]);
  });

  it('escapes a question mark of the statement itself, which MikroORM would take for a placeholder', () => {
    expect(ormStatement(`select payload ? 'key' from t where id = $1`, ['a'])).toEqual([`select payload \\? 'key' from t where id = ?`, ['a']]);
  });

  it('gives an array as PostgreSQL’s array literal (MikroORM would write a list), quoting each element', () => {
    expect(ormStatement('select unnest($1::text[])', [['plain', 'with "quotes"', 'back\\slash', null, 7]])).toEqual([
      'select unnest(?::text[])',
      ['{"plain","with \\"quotes\\"","back\\\\slash",NULL,"7"}'],
    ]);
  });
});
