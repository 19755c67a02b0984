import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { RequestErrorBody } from './all-exceptions.filter';

/** The deepest nesting a request body or query may have: the deepest DTO is three levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * How deeply a parsed value nests (a scalar 0, `{}` 1, `{"a":[1]}` 2), counted without recursion and
 * stopping as soon as it passes `limit`, so a body of 2,000 levels costs nothing and overflows no stack.
 */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses a body (JSON or form) or query nested deeper than MAX_BODY_DEPTH with 400 REQUEST.TOO_DEEP,
 * before validation: class-transformer and class-validator recurse, and a JSON body of ~2,000 levels
 * made them overflow the stack (a 500). Runs after the body parsers, for every route.
 */
export function refuseDeepBodies(req: Request, _res: Response, next: NextFunction): void {
  if (depthExceeds(req.body, MAX_BODY_DEPTH) || depthExceeds(req.query, MAX_BODY_DEPTH)) {
    next(new BadRequestException({ code: 'REQUEST.TOO_DEEP', details: { max: MAX_BODY_DEPTH } } satisfies RequestErrorBody));
    return;
  }
  next();
}
