/* The service is wired in a later step; this entry point says so instead of pretending. */
process.stdout.write('progressive-dialer: the HTTP service is not wired yet (domain core only). See README.md.\n');
