module "next" {
  source = "../l14"
}
