console.log(`post sees main state=${process.env.STATE_from_main}`);
