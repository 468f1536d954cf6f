module "settings" {
  source      = "./modules/settings"
  environment = "production"
}
