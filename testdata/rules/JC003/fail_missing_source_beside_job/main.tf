module "export" {
  source = "./job"
  cpu    = 256
  memory = 512
}

module "reports" {
  source = "./modules/reports" # expect: JC003
}
