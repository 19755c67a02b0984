import { knownReadingsSince } from '../../domain/unusual-consumption';
import { knownReadingsSql } from './pg-known-reading.repository';
import { LOCK_OF_CONTRACT } from './pg-meter.repository';
import { aroundPeriodSql, insertReadingsSql, UPDATE_BY_ID } from './pg-reading.repository';
import { FIND_BY_KEY, INSERT_SUBMISSION } from './pg-readings-submission.repository';

/**
 * The statements of one submission of readings (SubmitReadings through the plain-SQL adapters), in the
 * order it runs them, for the readings benchmark's bare endpoint: it runs these very texts, so that the
 * two differ only in what lies around the SQL. The outbox row's statement is insertOutboxSql.
 */
export const SUBMISSION_STATEMENTS = {
  lockOfContract: LOCK_OF_CONTRACT,
  findByKey: FIND_BY_KEY,
  aroundPeriod: aroundPeriodSql,
  /** The unusual-consumption check's read of the changed meters' year ($1: knownReadingsSince(period)). */
  knownReadings: knownReadingsSql,
  knownReadingsSince,
  updateById: UPDATE_BY_ID,
  insertReadings: insertReadingsSql,
  insertSubmission: INSERT_SUBMISSION,
};
