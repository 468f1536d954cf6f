# expect(schedule.auto.tfvars.json:2): JC101
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}
