export { loadConfig, loadConfigOrExit } from './app-config';
export type { AppConfig, RetentionSettings, SessionLifetimes } from './app-config';
export { APP_CONFIG, ConfigModule } from './config.module';
