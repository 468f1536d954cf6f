module "next" {
  source = "../l6"
}
