# Not a job: no module this root can call holds a trigger, so jobcheck does not parse it and
# says nothing about the missing source (`--all-files` reports it as JC003).
module "vpc" {
  source = "./modules/vpc"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
