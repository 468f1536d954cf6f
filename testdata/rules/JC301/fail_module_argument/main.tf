module "billing" {
  source = "./job"
  cpu    = 256
  memory = 3072 # expect: JC301
}
