variable "name" {
  type    = string
  default = "invoice-run"
}
