/** The time source of the domain; tests pass a fixed one (FixedClock, in testing/). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
