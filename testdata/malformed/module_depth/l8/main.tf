module "next" {
  source = "../l9"
}
