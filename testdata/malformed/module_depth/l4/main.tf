module "next" {
  source = "../l5"
}
