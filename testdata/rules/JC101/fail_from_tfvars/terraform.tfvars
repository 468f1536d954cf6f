schedule = "cron(0 3 ? * MON-SAT-SUN *)" # expect: JC101
