module "daily" {
  source   = "./job"
  name     = "daily"
  schedule = "cron(0 3 * * ? *)"
}

module "weekly" {
  source   = "./job"
  name     = "weekly"
  schedule = "cron(0 4 ? * SUN *)"
}
