variable "schedule" {
  type    = string
  default = "" # expect: JC101
}
