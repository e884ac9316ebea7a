import { env } from "../app/env.server";
import { runMigrations } from "./migrate";

runMigrations(env.DATABASE_PATH);
console.log(`Migrations applied to ${env.DATABASE_PATH}`);
