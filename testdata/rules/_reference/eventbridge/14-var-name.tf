variable "name" {
  type    = string
  default = "billing-export"
}
