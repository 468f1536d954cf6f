module "billing" {
  source   = "./job"
  schedule = "cron(0 3 * * 1-5)"
}
