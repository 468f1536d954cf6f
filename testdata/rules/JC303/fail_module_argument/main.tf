module "billing" {
  source       = "./job"
  network_mode = "bridge" # expect: JC303
}
