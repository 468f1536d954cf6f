# Not a job: jobcheck does not parse this root, so the suppression below, which suppresses
# nothing, is not reported (`--all-files` reports it as JC005).
resource "aws_s3_bucket" "logs" { # jobcheck:ignore JC101 -- no schedules here
  bucket = "acme-logs"
}
