import type { Command } from 'commander';
import { loadConfig } from '../../server/config.ts';
import { startServer, stopOnSignals } from '../../server/server.ts';
import { action } from '../context.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the web site and API (migrates the database first)')
    .option('--demo', 'load the demo district into an empty database')
    .option('--port <port>', 'port (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .action(action(async (opts: { demo?: boolean; port?: string; host?: string }) => {
      const env = { ...process.env };
      if (opts.demo) env.VILLAGE_DEMO = 'true';
      if (opts.port) env.PORT = opts.port;
      if (opts.host) env.HOST = opts.host;
      const config = loadConfig(env);
      const server = await startServer(config, { onProgress: (m) => console.log(m) });
      const shown = server.address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
      console.log('');
      console.log(`Village is running at ${shown}`);
      if (server.demoSignIns.length) {
        console.log('');
        console.log('Demo sign-ins (password for all: ' + server.demoSignIns[0].password + '):');
        for (const s of server.demoSignIns) console.log(`  ${s.role.padEnd(15)} ${s.email.padEnd(34)} ${s.description}`);
      }
      console.log('');
      console.log('Press Ctrl+C to stop.');
      stopOnSignals(server);
    }));
}
