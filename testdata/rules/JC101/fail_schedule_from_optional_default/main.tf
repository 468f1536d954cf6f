provider "aws" {
  region = "us-east-1"
}

module "billing_export" {
  source = "./modules/job"
  job = {
    name   = "billing-export"
    cpu    = "1024"
    memory = 2048
  }
}
