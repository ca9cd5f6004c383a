// Preloaded into a measured child process: report its peak resident set size at exit.
process.on('exit', () => {
  process.stderr.write(`\nvmlab-max-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
