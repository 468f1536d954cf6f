hourly_schedule = "rate(1 hours)"
