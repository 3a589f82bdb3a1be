// `npm start`: the one command that brings GAN Studio up on a fresh machine —
// install dependencies when they are missing or stale, build, then serve at http://localhost:3000.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const port = process.env.PORT ?? '3000';
const run = (cmd, args) => {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(' ')} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
};
const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);

if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) run('npm', ['ci', '--no-audit', '--no-fund']);
run('npm', ['run', 'build']);

console.log(`\nGAN Studio is starting at http://localhost:${port} (Ctrl+C stops it).`);
const server = spawn('npx', ['next', 'start', '-p', port], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
