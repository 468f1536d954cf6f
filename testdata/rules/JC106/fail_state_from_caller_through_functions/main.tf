provider "aws" {
  region = "us-east-1"
}

module "billing_export" {
  source = "./modules/job"
  state  = " disabled" # expect: JC106
}
