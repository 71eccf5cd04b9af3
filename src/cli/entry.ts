import { main } from './main.js';
import { startCli } from './start.js';

startCli(process.argv.slice(2), (argv) => main(argv));
