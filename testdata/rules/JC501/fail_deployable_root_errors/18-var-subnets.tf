variable "subnet_ids" {
  description = "Subnets the task runs in, given by the caller"
  type        = list(string)
}

provider "aws" {
  region = "us-east-1"
}
