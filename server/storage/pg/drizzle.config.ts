import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/storage/pg/schema.ts',
  out: './server/storage/pg/migrations',
});
