module "export" {
  source = "../modules/job"
  cpu    = 256
  memory = 512
}
