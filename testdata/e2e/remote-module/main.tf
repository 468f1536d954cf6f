# A registry module, installed by `terraform init` into .terraform/modules (manifest below).
module "job" {
  source  = "example-org/scheduled-job/aws"
  version = "1.2.0"
  cpu     = 512
  memory  = 512
}
