provider "aws" {
  region = "us-east-1"
}

# The job uses an output of a module declared further down, in another file.
module "job" {
  source   = "./modules/job"
  name     = "billing-export"
  schedule = module.settings.schedule
}
