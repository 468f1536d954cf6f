# jobcheck:ignore JC301 -- sized by the platform team
module "billing" {
  source = "./job"
  cpu    = 256
  memory = 3072
}
